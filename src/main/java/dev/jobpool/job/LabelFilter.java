package dev.jobpool.job;

import dev.jobpool.jobtype.registry.ClientText;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
     * The labels asked for, from the {@code label} values exactly as a request carried them (a servlet request's
     * {@code getParameterValues}): Spring's binding of a single value to a list splits it at commas and trims each
     * part, and a label's value may hold either.
     */
    public static Map<String, String> parse(String[] sent) {
        return parse(sent == null ? null : Arrays.asList(sent));
    }

    /**
     * The labels asked for, by key; empty for none.
     *
     * @throws InvalidRequestException naming the parameter {@code label}, for one that is not {@code key:value}
     */
    public static Map<String, String> parse(List<String> labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        if (labels != null && labels.size() > JobSpecValidator.MAX_LABELS) {
            // no job has more, and each one is a condition of the store's query
            throw InvalidRequestException.of("label", "at most " + JobSpecValidator.MAX_LABELS + " label filters, as a job has "
                    + "at most " + JobSpecValidator.MAX_LABELS + " labels; got " + labels.size());
        }
        for (String label : labels == null ? List.<String>of() : labels) {
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
