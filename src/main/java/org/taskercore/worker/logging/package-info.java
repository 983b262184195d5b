/**
 * Log lines that outside input cannot flood ({@link org.taskercore.worker.logging.LogThrottle}) or
 * forge (control characters escaped in the plain-text format). A leaf: imports nothing of the project.
 */
package org.taskercore.worker.logging;
