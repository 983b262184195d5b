"""A Tasker worker's health, metrics, templates and configuration, read over its TCP event-bus bridge."""

from .client import Client, TaskerWorkerError

__all__ = ["Client", "TaskerWorkerError"]
