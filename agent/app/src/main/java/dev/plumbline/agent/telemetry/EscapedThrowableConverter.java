package dev.plumbline.agent.telemetry;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * The {@code %ex} of Plumbline's text log pattern: the stack trace as logback prints it, one frame a line, with
 * the control characters of each exception's message (and of its cause's and suppressed ones') escaped
 * ({@link LogText#escape}), so that a message carrying a value from outside cannot forge a log line.
 * logback.xml registers it for {@code ex}, {@code exception} and {@code throwable}, replacing logback's own.
 */
public final class EscapedThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return super.throwableProxyToString(escaped(throwable));
    }

    /** {@code throwable} with its messages, its causes' and its suppressed exceptions' escaped. */
    static IThrowableProxy escaped(IThrowableProxy throwable) {
        return throwable == null ? null : new Escaped(throwable);
    }

    private record Escaped(IThrowableProxy original) implements IThrowableProxy {

        @Override
        public String getMessage() {
            return LogText.escape(original.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return LogText.escape(original.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return LogText.escape(original.getClassName());
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return original.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return original.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return escaped(original.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = original.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                escaped[i] = escaped(suppressed[i]);
            }
            return escaped;
        }

        @Override
        public boolean isCyclic() {
            return original.isCyclic();
        }
    }
}
