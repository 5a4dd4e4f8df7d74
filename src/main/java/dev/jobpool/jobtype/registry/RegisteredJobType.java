package dev.jobpool.jobtype.registry;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.path.NodePath;
import dev.jobpool.jobtype.InvalidJobInputException;
import dev.jobpool.jobtype.JobContext;
import dev.jobpool.jobtype.JobType;
import dev.jobpool.jobtype.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;

/** A job type with its input schema: validates JSON input and runs the handler on JSON in, JSON out. */
public final class RegisteredJobType {

    private static final int MAX_ERRORS_PER_INPUT = 10;
    /** Items whose trees the schema check holds at once. */
    static final int SCHEMA_BATCH = 4096;

    private final JobType<Object, ?> type;
    private final ObjectNode inputSchema;
    private final Schema validator;
    private final Schema itemsValidator;
    private final boolean takesEveryInteger;

    @SuppressWarnings("unchecked")
    RegisteredJobType(JobType<?, ?> type, ObjectNode inputSchema, Schema validator, Schema itemsValidator) {
        this.type = (JobType<Object, ?>) type;
        this.inputSchema = inputSchema;
        this.validator = validator;
        this.itemsValidator = itemsValidator;
        this.takesEveryInteger = takesEveryInteger(inputSchema);
    }

    public String name() {
        return type.name();
    }

    public Pool pool() {
        return type.pool();
    }

    public Set<Pool> allowedPools() {
        return type.allowedPools();
    }

    public String description() {
        return type.description();
    }

    public ObjectNode inputSchema() {
        return inputSchema;
    }

    /**
     * Checks one input against the schema, binds it and lets the type check what the schema cannot, so a job that
     * is accepted can also start.
     *
     * @param input the JSON input, never null (a missing input is {@code NullNode})
     * @param field where the input sits in the spec, e.g. {@code input} or {@code items[3]}
     */
    public List<Violation> validate(JsonNode input, String field) {
        List<Violation> errors = new ArrayList<>();
        for (Error error : validator.validate(input)) {
            if (errors.size() == MAX_ERRORS_PER_INPUT) {
                break;
            }
            errors.add(new Violation(fieldOf(field, error), messageOf(error, inputSchema)));
        }
        if (errors.isEmpty()) {
            bindAndCheck(input, field).ifPresent(errors::add);
        }
        return errors;
    }

    /**
     * Checks every item of a map job without a tree per item, and returns at most {@code max} violations named
     * {@code items[i]...}. The schema runs over the items in batches of {@value #SCHEMA_BATCH}, one pass of the
     * validator each (a million separate validations cost seconds), a batch's trees dropped before the next; integer
     * items skip it when the schema takes every integer. Then each item is bound, in one streaming pass, and the type
     * checks what a schema cannot.
     */
    public List<Violation> validateItems(JsonItems items, int max) {
        List<Violation> errors = new ArrayList<>();
        if (!(items.isLongs() && takesEveryInteger)) {
            for (int from = 0; from < items.size(); from += SCHEMA_BATCH) {
                JsonNode batch = JobJson.MAPPER.readTree(items.slice(from, Math.min(items.size(), from + SCHEMA_BATCH)).toJson());
                for (Error error : itemsValidator.validate(batch)) {
                    if (errors.size() == max) {
                        return errors;
                    }
                    errors.add(new Violation(fieldOf("items", error, from), messageOf(error, itemsSchemaOf(inputSchema))));
                }
            }
            if (!errors.isEmpty()) {
                return errors; // an item the schema refuses need not be bound as well
            }
        }
        if (items.isLongs() && ItemRun.takesLong(type)) {
            for (int i = 0; i < items.size() && errors.size() < max; i++) {
                Violation violation = check(items.longAt(i));
                if (violation != null) {
                    errors.add(violation.under("items[" + i + "]"));
                }
            }
            return errors;
        }
        try (MappingIterator<Object> bound = JobInvoker.readerOf(type).readValues(items.toJson())) {
            for (int i = 0; i < items.size() && errors.size() < max; i++) {
                Object input;
                try {
                    input = bound.nextValue();
                } catch (JacksonException e) {
                    errors.add(new Violation(fieldOf("items[" + i + "]", e), e.getOriginalMessage()));
                    continue; // the iterator skips the rest of the item
                }
                Violation violation = check(input);
                if (violation != null) {
                    errors.add(violation.under("items[" + i + "]"));
                }
            }
        }
        return errors;
    }

    /** Whether the input schema says no more than "an integer" (or "a number"), as a {@code Long} input's does. */
    private static boolean takesEveryInteger(ObjectNode schema) {
        for (String keyword : schema.propertyNames()) {
            if (!List.of("$schema", "$id", "$comment", "title", "description", "type").contains(keyword)) {
                return false;
            }
        }
        JsonNode type = schema.path("type");
        if (type.isString()) {
            return type.asString().equals("integer") || type.asString().equals("number");
        }
        for (JsonNode one : type) {
            if (one.asString("").equals("integer") || one.asString("").equals("number")) {
                return true;
            }
        }
        return false;
    }

    /** Wraps an input schema as the schema of an array of such inputs, its definitions kept at the root. */
    static ObjectNode itemsSchemaOf(ObjectNode inputSchema) {
        ObjectNode item = inputSchema.deepCopy();
        ObjectNode array = JobJson.MAPPER.createObjectNode();
        if (item.has("$schema")) {
            array.set("$schema", item.remove("$schema"));
        }
        if (item.has("$defs")) {
            array.set("$defs", item.remove("$defs"));
        }
        array.put("type", "array");
        array.set("items", item);
        return array;
    }

    /** What is wrong with an input the schema let through: it does not bind, or the type's own check refuses it. */
    private Optional<Violation> bindAndCheck(JsonNode input, String field) {
        Object bound;
        try {
            bound = JobInvoker.bind(type, input);
        } catch (JacksonException e) {
            return Optional.of(new Violation(fieldOf(field, e), e.getOriginalMessage()));
        }
        Violation violation = check(bound);
        return violation == null ? Optional.empty() : Optional.of(violation.under(field));
    }

    /**
     * What the type's own check says of a bound input: null when it passes, else a violation whose field is
     * relative to the input ({@code ""} for the input itself), for {@link Violation#under} to place.
     */
    private Violation check(Object bound) {
        try {
            type.validate(bound);
            return null;
        } catch (InvalidJobInputException e) {
            return new Violation(e.field() == null ? "" : e.field(), e.getMessage());
        }
    }

    /** Binds the input, runs the handler and returns its output as JSON. */
    public JsonNode run(JsonNode input, JobContext context) throws Exception {
        return JobInvoker.invoke(type, input, context);
    }

    /** Binds the input, runs the handler and returns its output as JSON text. */
    public CompactJson runToJson(JsonNode input, JobContext context) throws Exception {
        return JobInvoker.toJson(JobInvoker.run(type, JobInvoker.bind(type, input), context));
    }

    /** A run of the handler over a chunk of a map's items. */
    public ItemRun itemRun(JsonItems chunk) {
        return new ItemRun(type, chunk);
    }

    /** Where binding failed, from Jackson's path: {@code {"limit": 1e400}} under {@code input} is {@code input.limit}. */
    private static String fieldOf(String field, JacksonException failure) {
        StringBuilder path = new StringBuilder(field);
        for (JacksonException.Reference reference : failure.getPath()) {
            if (reference.getPropertyName() != null) {
                appendStep(path, reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                appendStep(path, reference.getIndex());
            }
        }
        return path.toString();
    }

    /** networknt's location {@code /a/b/2} under {@code input} becomes {@code input.a.b[2]}; an array index is {@code [i]}. */
    private static String fieldOf(String field, Error error) {
        return fieldOf(field, error, 0);
    }

    /** As {@link #fieldOf(String, Error)}, for a batch of items starting at item {@code first}. */
    private static String fieldOf(String field, Error error, int first) {
        StringBuilder path = new StringBuilder(field);
        NodePath location = error.getInstanceLocation();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            appendStep(path, i == 0 && element instanceof Number index ? index.intValue() + first : element);
        }
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            appendStep(path, error.getProperty());
        }
        return path.toString();
    }

    /** One step of a field's path: an array index as {@code [i]}, a property as {@code .name}. */
    private static void appendStep(StringBuilder path, Object step) {
        if (step instanceof Number index) {
            path.append('[').append(index).append(']');
        } else {
            path.append('.').append(step);
        }
    }

    /**
     * networknt's message without the location it starts with; a pattern mismatch says what the schema
     * describes (a duration such as "30s") instead of printing the regular expression.
     */
    private static String messageOf(Error error, ObjectNode inputSchema) {
        if ("pattern".equals(error.getKeyword())) {
            JsonNode keyword = schemaNodeAt(inputSchema, error.getSchemaLocation().getFragment());
            JsonNode description = keyword == null ? null : keyword.get("description");
            if (description != null) {
                return ClientText.quote(textOf(error.getInstanceNode())) + " is not " + description.asString();
            }
        }
        String message = error.getMessage();
        String location = error.getInstanceLocation().toString();
        message = message.startsWith(location + ": ") ? message.substring(location.length() + 2) : message;
        return message;
    }

    /** The schema object holding the keyword at {@code location}, e.g. {@code properties/duration/allOf/0}. */
    private static JsonNode schemaNodeAt(ObjectNode schema, NodePath location) {
        JsonNode node = schema;
        for (int i = 0; node != null && i < location.getNameCount() - 1; i++) {
            Object element = location.getElement(i);
            node = element instanceof Number index ? node.get(index.intValue()) : node.get(element.toString());
        }
        return node;
    }

    private static String textOf(JsonNode value) {
        return value == null ? "" : value.isString() ? value.asString() : value.toString();
    }
}
