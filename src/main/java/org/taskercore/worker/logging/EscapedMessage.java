package org.taskercore.worker.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %escapedMsg} in the plain-text log: the message with control characters escaped, since
 * it holds what came from outside (request paths, header values, template fields, worker ids).
 */
public final class EscapedMessage extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return ControlCharacters.escape(event.getFormattedMessage(), false);
  }
}
