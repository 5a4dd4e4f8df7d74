package dev.jobpool.jobtype;

/**
 * The input passed its schema but cannot be run as given (a URL that does not parse, or that resolves to a
 * blocked address, say); the message tells the user what to change. Thrown by {@link JobType#validate} it
 * refuses the job at submit with a {@code 400}; thrown by {@link JobType#run} it fails the job with
 * {@code INVALID_INPUT}, without a retry.
 */
public class InvalidJobInputException extends RuntimeException {

    private final String field;

    public InvalidJobInputException(String message) {
        this(null, message);
    }

    /**
     * @param field the property of the input at fault, as a path such as {@code url} or {@code headers.Accept};
     *        null for the input as a whole
     */
    public InvalidJobInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The property of the input at fault, or null for the input as a whole. */
    public String field() {
        return field;
    }
}
