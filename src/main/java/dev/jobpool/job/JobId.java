package dev.jobpool.job;

import java.util.UUID;

/** A job's id: a random UUID, written in its canonical form. */
public record JobId(UUID value) {

    public static JobId random() {
        return new JobId(UUID.randomUUID());
    }

    /** Reads an id as clients send it; throws {@link MalformedJobIdException} for anything but a UUID. */
    public static JobId parse(String text) {
        try {
            if (text.length() != 36) {
                throw new IllegalArgumentException();
            }
            return new JobId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw MalformedJobIdException.forText(text);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
