package dev.plumbline.source.git;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides credentials written into source URLs before a URL (or a text that quotes one, such as an error
 * from the transport) reaches a log, a status page or an exception message. Over HTTP(S) the whole user
 * part goes, since tokens are often passed as the user name ({@code https://***@github.com/org/repo});
 * over other schemes the user name stays and only a password goes ({@code ssh://git:***@host/repo}).
 */
public final class SourceUrl {

    private static final Pattern USER_INFO = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*)://([^/\\s]+)@");
    private static final String MASK = "***";

    private SourceUrl() {
    }

    /** {@code text} with the credentials of every URL in it masked. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = USER_INFO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String scheme = matcher.group(1);
            matcher.appendReplacement(out, Matcher.quoteReplacement(
                    scheme + "://" + mask(scheme, matcher.group(2)) + "@"));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String mask(String scheme, String userInfo) {
        if (scheme.toLowerCase(Locale.ROOT).startsWith("http")) {
            return MASK;
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 ? userInfo : userInfo.substring(0, colon + 1) + MASK;
    }
}
