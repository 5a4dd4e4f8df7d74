package dev.jobpool.job;

import dev.jobpool.jobtype.registry.Violation;
import java.util.List;

/** A request that breaks the API's rules; each {@link Violation} names the field and what to change. */
public class InvalidRequestException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(summary(violations));
        this.violations = List.copyOf(violations);
    }

    public static InvalidRequestException of(String field, String message) {
        return new InvalidRequestException(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String summary(List<Violation> violations) {
        Violation first = violations.getFirst();
        String more = violations.size() > 1 ? " (" + (violations.size() - 1) + " more in errors)" : "";
        return first.field() + ": " + first.message() + more;
    }
}
