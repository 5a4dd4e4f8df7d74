package dev.jobpool.jobtype.registry;

/**
 * A client's own text quoted back in an error message. Every message that quotes a value, a key or a header
 * a client sent goes through here, so a rejected 15 MB value comes back as a short prefix, never as a
 * 30 MB {@code detail}. And the one rule for names and filters a client gives: no control characters.
 */
public final class ClientText {

    /** Characters of a client's value that a message quotes: enough to recognise it. */
    public static final int MAX_QUOTED = 64;

    private ClientText() {
    }

    /** {@code 'text'}, cut to its first {@value #MAX_QUOTED} characters and an ellipsis when longer. */
    public static String quote(String text) {
        return "'" + shorten(text, MAX_QUOTED) + "'";
    }

    /**
     * Whether the text holds a control character: no label, type, tenant or key name may, so a filter that does can
     * match nothing (and PostgreSQL refuses a NUL in text outright).
     */
    public static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    /** The text cut to at most {@code max} characters and an ellipsis, never inside a surrogate pair. */
    public static String shorten(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }
}
