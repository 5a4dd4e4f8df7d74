package dev.jobpool.jobtype;

/**
 * The input passed its schema but cannot be run as given (a URL that resolves to a blocked address, say).
 * The job fails with {@code INVALID_INPUT} and is not retried; the message tells the user what to change.
 */
public class InvalidJobInputException extends RuntimeException {

    public InvalidJobInputException(String message) {
        super(message);
    }
}
