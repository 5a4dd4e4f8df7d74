package dev.jobpool.job;

import java.util.HexFormat;
import java.util.UUID;

/** A job's id: a random UUID, written in its canonical form. */
public record JobId(UUID value) {

    public static JobId random() {
        return new JobId(UUID.randomUUID());
    }

    /**
     * Reads an id as clients send it: the canonical 8-4-4-4-12 hex form only (either case, as RFC 9562 reads
     * it). {@link UUID#fromString} alone also takes short groups such as {@code 0-0-0-0-0}, so two spellings
     * would name one job. Throws {@link MalformedJobIdException} for anything else.
     */
    public static JobId parse(String text) {
        if (!isCanonical(text)) {
            throw MalformedJobIdException.forText(text);
        }
        return new JobId(UUID.fromString(text));
    }

    private static boolean isCanonical(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            char c = text.charAt(i);
            if (dash ? c != '-' : !HexFormat.isHexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
