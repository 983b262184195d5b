/**
 * What a task is and how one runs over the bus, shared by the worker and the command line: the
 * template model read from YAML or from the template service's JSON, the step message and its
 * address, and the runner that sends a task's steps in dependency order. Imports nothing of the
 * project.
 */
package org.taskercore.worker.tasks;
