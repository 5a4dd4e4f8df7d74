package dev.jobpool.job;

import dev.jobpool.jobtype.registry.ClientText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code label} query parameter of the job listing and of the events stream: {@code key:value}
 * ({@code team:search}), repeated for several, every one of which a job must have. The key ends at the first
 * colon; the value may be empty.
 */
public final class LabelFilter {

    private LabelFilter() {
    }

    /**
     * The labels asked for, by key; empty for none. The values are those a request carried (a servlet request's
     * {@code getParameterValues("label")}), not Spring's binding of them: that splits a single value at commas and
     * trims each part, and a label's value may hold either.
     *
     * @throws InvalidRequestException naming the parameter {@code label}, for one that is not {@code key:value}
     */
    public static Map<String, String> parse(String[] labels) {
        if (labels == null) {
            return Map.of();
        }
        if (labels.length > JobSpecValidator.MAX_LABELS) {
            // no job has more, and each one is a condition of the store's query
            throw InvalidRequestException.of("label", "at most " + JobSpecValidator.MAX_LABELS + " label filters, as a job has "
                    + "at most " + JobSpecValidator.MAX_LABELS + " labels; got " + labels.length);
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String label : labels) {
            int colon = label.indexOf(':');
            if (colon <= 0 || ClientText.hasControlCharacter(label)) {
                throw InvalidRequestException.of("label", ClientText.quote(label) + " is not a label filter; use key:value, "
                        + "e.g. team:search");
            }
            wanted.put(label.substring(0, colon), label.substring(colon + 1));
        }
        return wanted;
    }
}
