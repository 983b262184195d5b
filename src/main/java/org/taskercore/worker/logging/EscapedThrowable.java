package org.taskercore.worker.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %escapedEx} in the plain-text log: a stack trace keeps its own lines, but an exception
 * message that quotes outside input cannot recolour the terminal.
 */
public final class EscapedThrowable extends ThrowableProxyConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return ControlCharacters.escape(super.convert(event), true);
  }
}
