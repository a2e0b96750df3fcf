package dev.plumbline.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Why a file the config names could not be read, in the few words a message ends with: {@code no such file},
 * {@code permission denied}, {@code is a directory}. The path is left out: the message names it already.
 */
public final class Unreadable {

    private Unreadable() {
    }

    public static String why(IOException error) {
        if (error instanceof NoSuchFileException) {
            return "no such file";
        }
        if (error instanceof AccessDeniedException) {
            return "permission denied";
        }
        String reason = error instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : error instanceof FileSystemException ? null : error.getMessage();
        if (reason == null || reason.isBlank()) {
            return error.getClass().getSimpleName();
        }
        return reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
    }
}
