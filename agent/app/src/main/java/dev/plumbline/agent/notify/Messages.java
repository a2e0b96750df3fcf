package dev.plumbline.agent.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.config.NotificationConfig;
import java.time.temporal.ChronoUnit;

/**
 * The JSON a {@link RunEvent} is posted as: Slack's incoming-webhook message ({@code type: slack}, which
 * Mattermost and Rocket.Chat accept too) or Plumbline's own document ({@code type: webhook}, version 1,
 * described in docs/notifications.md).
 */
final class Messages {

    /** Slack's own "good", "warning" and "danger", as hex: Mattermost and Rocket.Chat take any hex colour. */
    static final String GREEN = "#2EB886";
    static final String ORANGE = "#DAA038";
    static final String RED = "#A30200";

    /** The longest message sentence sent; a longer one is clipped (chat apps cut long attachments anyway). */
    static final int MESSAGE_CHARS = 3000;
    /** The longest commit subject sent. */
    static final int SUBJECT_CHARS = 300;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {
    }

    /** The body for a target of {@code type}. */
    static byte[] body(NotificationConfig.Type type, RunEvent event) {
        ObjectNode message = type == NotificationConfig.Type.SLACK ? slack(event) : webhook(event);
        try {
            return JSON.writeValueAsBytes(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification as JSON", e); // a tree always writes
        }
    }

    /**
     * Slack's incoming-webhook message: a one-line {@code text} (what phones show) and one attachment with
     * the details. Every piece of text that comes from a commit or a run is escaped as Slack asks
     * ({@code &}, {@code <}, {@code >}), so that a commit subject cannot make a link or a mention.
     */
    static ObjectNode slack(RunEvent event) {
        String stack = escape(event.stack());
        String subject = escape(oneLine(clip(event.subject(), SUBJECT_CHARS)));
        String author = escape(oneLine(event.author()));
        String result = escape(event.result());
        String title = stack + ": " + result + " at " + event.shortSha();

        ObjectNode message = JSON.createObjectNode();
        message.put("text", subject.isEmpty() ? title : title + " (" + subject + ")");
        ArrayNode attachments = message.putArray("attachments");
        ObjectNode attachment = attachments.addObject();
        attachment.put("color", color(event.event()));
        attachment.put("title", title);
        event.commitUrl().ifPresent(url -> attachment.put("title_link", url));
        attachment.put("text", escape(clip(event.message(), MESSAGE_CHARS)));
        ArrayNode fields = attachment.putArray("fields");
        field(fields, "Stack", stack, true);
        StringBuilder revision = new StringBuilder(event.shortSha());
        if (!subject.isEmpty()) {
            revision.append(' ').append(subject);
        }
        if (!author.isEmpty()) {
            revision.append(" (").append(author).append(')');
        }
        field(fields, "Revision", revision.toString(), false);
        String reason = escape(event.reason());
        field(fields, "Result", reason.isEmpty() ? result : result + " (" + reason + ")", true);
        field(fields, "Changes", changes(event.counts()), true);
        attachment.put("footer", "plumbline");
        attachment.put("ts", event.at().getEpochSecond());
        return message;
    }

    /** Plumbline's own document, version 1. Nothing is escaped beyond JSON's own escaping. */
    static ObjectNode webhook(RunEvent event) {
        ObjectNode message = JSON.createObjectNode();
        message.put("version", 1);
        message.put("event", event.event().word());
        message.put("stack", event.stack());
        message.put("result", event.result());
        message.put("reason", event.reason());
        message.put("message", event.message());
        ObjectNode revision = message.putObject("revision");
        revision.put("sha", event.revision());
        revision.put("shortSha", event.shortSha());
        revision.put("author", event.author());
        revision.put("subject", event.subject());
        event.commitUrl().ifPresent(url -> revision.put("url", url));
        ObjectNode counts = message.putObject("counts");
        counts.put("created", event.counts().created());
        counts.put("updated", event.counts().updated());
        counts.put("deleted", event.counts().deleted());
        counts.put("drifted", event.counts().drifted());
        message.put("at", event.at().truncatedTo(ChronoUnit.MILLIS).toString());
        return message;
    }

    static String color(NotificationConfig.Event event) {
        return switch (event) {
            case APPLIED -> GREEN;
            case DRIFTED -> ORANGE;
            case FAILED, STALLED -> RED;
        };
    }

    /** {@code 2 created, 1 updated, 0 deleted}, and {@code , 3 drifted} when some are. */
    static String changes(RunEvent.Counts counts) {
        String text = counts.created() + " created, " + counts.updated() + " updated, " + counts.deleted() + " deleted";
        return counts.drifted() > 0 ? text + ", " + counts.drifted() + " drifted" : text;
    }

    /**
     * Slack's escaping of message text: {@code &} as {@code &amp;}, {@code <} as {@code &lt;}, {@code >} as
     * {@code &gt;}. Links ({@code <http://...|...>}) and mentions ({@code <!channel>}, {@code <@U123>}) need
     * the angle brackets, so escaped text can hold neither.
     */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Line breaks and other control characters as spaces. */
    static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            line.append(Character.isISOControl(c) ? ' ' : c);
        }
        return line.toString().strip();
    }

    static String clip(String text, int chars) {
        if (text.length() <= chars) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(chars - 1)) ? chars - 1 : chars;
        return text.substring(0, end) + "…";
    }

    private static void field(ArrayNode fields, String title, String value, boolean isShort) {
        ObjectNode field = fields.addObject();
        field.put("title", title);
        field.put("value", value);
        field.put("short", isShort);
    }
}
