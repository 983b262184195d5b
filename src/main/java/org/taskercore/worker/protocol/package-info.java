/**
 * The vocabulary every layer shares and that imports nothing of the project: failure codes,
 * health statuses, and the rules that aggregate statuses and map a health answer to HTTP.
 */
package org.taskercore.worker.protocol;
