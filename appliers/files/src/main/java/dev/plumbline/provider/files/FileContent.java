package dev.plumbline.provider.files;

import dev.plumbline.model.Sensitive;
import dev.plumbline.yaml.Binary;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The bytes of a file and how a plan shows them. A manifest gives text (written as UTF-8), {@code !!binary}
 * bytes (written as they are) or a secret (text, shown as {@code (sensitive)}); a file on disk gives bytes,
 * shown as text when they are UTF-8 and as {@link Binary} when they are not, so that a byte no text can hold
 * is never hidden by a lossy decoding. Both sides of a comparison must show their content the same way to
 * compare equal, so the observer shows a file as the desired content is shown ({@link #asBinary},
 * {@link #asSecret}).
 */
record FileContent(Binary data, Form form) {

    /** How {@link #value()} shows the bytes. */
    enum Form {
        /** UTF-8 text, shown as a string. */
        TEXT,
        /** Bytes, shown as a {@link Binary}: a size and a short hash. */
        BINARY,
        /** Text from a secret, shown as a {@link Sensitive}: compared by digest, never shown. */
        SECRET
    }

    FileContent {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(form, "form");
    }

    static FileContent text(String text) {
        return new FileContent(Binary.of(text.getBytes(StandardCharsets.UTF_8)), Form.TEXT);
    }

    static FileContent binary(Binary bytes) {
        return new FileContent(bytes, Form.BINARY);
    }

    static FileContent secret(String text) {
        return new FileContent(Binary.of(text.getBytes(StandardCharsets.UTF_8)), Form.SECRET);
    }

    /** What a file on disk holds: text when {@code bytes} are valid UTF-8, else bytes. */
    static FileContent read(byte[] bytes) {
        Binary data = Binary.of(bytes);
        return new FileContent(data, isUtf8(bytes) ? Form.TEXT : Form.BINARY);
    }

    /** The same bytes shown as bytes. */
    FileContent asBinary() {
        return new FileContent(data, Form.BINARY);
    }

    /** The same bytes shown as a secret. */
    FileContent asSecret() {
        return new FileContent(data, Form.SECRET);
    }

    boolean sensitive() {
        return form == Form.SECRET;
    }

    boolean binary() {
        return form == Form.BINARY;
    }

    /** A copy of the bytes to write. */
    byte[] bytes() {
        return data.bytes();
    }

    int size() {
        return data.size();
    }

    /** The SHA-256 of the bytes, in hex. */
    String sha256() {
        return data.sha256();
    }

    /** The bytes as text (a byte that is not UTF-8 becomes U+FFFD): for records, which are always text. */
    String text() {
        return new String(data.bytes(), StandardCharsets.UTF_8);
    }

    /** What a state map holds for the content: a string, a {@link Binary} or a {@link Sensitive}. */
    Object value() {
        return switch (form) {
            case TEXT -> text();
            case BINARY -> data;
            case SECRET -> new Sensitive(text());
        };
    }

    private static boolean isUtf8(byte[] bytes) {
        int index = 0;
        while (index < bytes.length && bytes[index] >= 0) {
            index++; // ASCII, as most text is: no decoder needed
        }
        if (index == bytes.length) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException notText) {
            return false;
        }
    }
}
