package dev.jobpool.jobtype.registry;

/**
 * One reason a request was refused, shown in a problem response's {@code errors[]}.
 *
 * @param field where, as a path in the request: {@code input.duration}, {@code items[3]}, {@code timeout}
 * @param message what is wrong and what to write instead, for a person
 */
public record Violation(String field, String message) {

    /** The same violation of a part of the request at {@code parent}: {@code duration} under {@code items[3]}. */
    public Violation under(String parent) {
        return new Violation(field.isEmpty() ? parent : parent + "." + field, message);
    }
}
