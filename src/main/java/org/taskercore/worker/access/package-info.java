/**
 * Who may call what, for HTTP and both event-bus bridges alike: permissions, the one table of
 * what each call needs, and the policy that checks API keys and bearer tokens against it.
 */
package org.taskercore.worker.access;
