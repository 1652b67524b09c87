package io.timebank.ledger;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Typed key–value fields a client attaches to a transfer — a category, an invoice number, a due date —
 * kept in the transfer's events on both sides, shown in entries and statements and usable as a
 * statement filter. At most {@link #FIELDS_MAX} fields; each value is checked against its type and
 * kept in one canonical spelling, so that equal values compare equal ("1.50" and "1.5" as decimals).
 */
public record Metadata(SortedMap<String, Field> fields) {

    public static final Metadata NONE = new Metadata(new TreeMap<>());
    public static final int FIELDS_MAX = 8;
    public static final int VALUE_LENGTH_MAX = 128;
    /** A key: a lower-case letter, then up to 31 lower-case letters, digits, '_' or '-'. */
    public static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    /** The most significant digits of a decimal value. */
    static final int DECIMAL_DIGITS_MAX = 30;

    /** The types a field may have. */
    public enum Type {
        TEXT, INTEGER, DECIMAL, DATE, BOOLEAN;

        /** {@code value} in this type's canonical spelling, or {@link IllegalArgumentException} saying why it is not one. */
        public String canonical(String value) {
            if (value == null) {
                throw new IllegalArgumentException("is required");
            }
            if (value.length() > VALUE_LENGTH_MAX) {
                throw new IllegalArgumentException("is longer than " + VALUE_LENGTH_MAX + " characters");
            }
            return switch (this) {
                case TEXT -> {
                    if (value.isEmpty() || value.chars().anyMatch(Character::isISOControl)) {
                        throw new IllegalArgumentException("must be non-empty text without control characters");
                    }
                    yield value;
                }
                case INTEGER -> {
                    try {
                        yield Long.toString(Long.parseLong(value));
                    } catch (NumberFormatException notAnInteger) {
                        throw new IllegalArgumentException("must be a whole number of at most 18 digits, was " + value);
                    }
                }
                case DECIMAL -> {
                    BigDecimal decimal;
                    try {
                        decimal = new BigDecimal(value);
                    } catch (NumberFormatException notADecimal) {
                        throw new IllegalArgumentException("must be a decimal number such as 12.50, was " + value);
                    }
                    if (!value.matches("-?[0-9]+(\\.[0-9]+)?") || decimal.precision() > DECIMAL_DIGITS_MAX) {
                        throw new IllegalArgumentException("must be a plain decimal of at most " + DECIMAL_DIGITS_MAX
                            + " digits such as 12.50, was " + value);
                    }
                    yield decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
                }
                case DATE -> {
                    try {
                        yield LocalDate.parse(value).toString();
                    } catch (DateTimeParseException notADate) {
                        throw new IllegalArgumentException("must be a date such as 2026-11-26, was " + value);
                    }
                }
                case BOOLEAN -> switch (value) {
                    case "true", "false" -> value;
                    default -> throw new IllegalArgumentException("must be true or false, was " + value);
                };
            };
        }

        /** The type named {@code name} (any case), or {@link IllegalArgumentException} naming the known ones. */
        public static Type named(String name) {
            if (name != null) {
                for (Type type : values()) {
                    if (type.name().equalsIgnoreCase(name)) {
                        return type;
                    }
                }
            }
            throw new IllegalArgumentException("must be one of text, integer, decimal, date, boolean, was " + name);
        }
    }

    /** One field: its type and its value in the type's canonical spelling. */
    public record Field(Type type, String value) {

        public Field {
            if (type == null || value == null || !type.canonical(value).equals(value)) {
                throw new IllegalArgumentException("not a canonical " + type + " value: " + value);
            }
        }
    }

    /** A field as a client sent it. */
    public record FieldRequest(String type, String value) {
    }

    public Metadata {
        fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
        if (fields.size() > FIELDS_MAX) {
            throw new IllegalArgumentException("at most " + FIELDS_MAX + " metadata fields, had " + fields.size());
        }
        fields.keySet().forEach(key -> {
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("not a metadata key: " + key);
            }
        });
    }

    /** The typed fields {@code event}'s transfer carries; none for any other event. */
    public static Metadata of(LedgerEvent event) {
        return switch (event) {
            case LedgerEvent.TransferDebited e -> e.metadata();
            case LedgerEvent.TransferCredited e -> e.metadata();
            case LedgerEvent.TransferRefunded e -> e.metadata();
            default -> NONE;
        };
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public Optional<Field> get(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    /**
     * Whether this holds {@code key} with a value equal to {@code value} read as the field's type (so
     * a filter "amount=1.5" matches a decimal field "1.50"); false when there is no such field.
     */
    public boolean matches(String key, String value) {
        Field field = fields.get(key);
        if (field == null) {
            return false;
        }
        try {
            return field.type().canonical(value).equals(field.value());
        } catch (IllegalArgumentException notOfTheType) {
            return false;
        }
    }

    /** One line for hashing a command's content: key=type:value, in key order. */
    String canonical() {
        StringBuilder line = new StringBuilder();
        fields.forEach((key, field) -> line.append(key).append('=').append(field.type()).append(':')
            .append(field.value().length()).append(':').append(field.value()).append(';'));
        return line.toString();
    }

    /**
     * Fields as a client sent them, checked one by one ({@code metadata.<key>}, {@code metadata.<key>.type},
     * {@code metadata.<key>.value}); null or empty is none.
     */
    static Metadata parse(FieldChecks checks, String field, Map<String, FieldRequest> raw) {
        if (raw == null || raw.isEmpty()) {
            return NONE;
        }
        if (raw.size() > FIELDS_MAX) {
            checks.reject(field, "holds " + raw.size() + " fields, at most " + FIELDS_MAX);
            return null;
        }
        SortedMap<String, Field> parsed = new TreeMap<>();
        boolean valid = true;
        for (Map.Entry<String, FieldRequest> entry : new TreeMap<>(raw).entrySet()) {
            String key = entry.getKey();
            String name = field + "." + key;
            if (key == null || !KEY.matcher(key).matches()) {
                checks.reject(field, "key " + key + " must be a lower-case letter then up to 31 lower-case letters, "
                    + "digits, '_' or '-'");
                valid = false;
                continue;
            }
            FieldRequest request = entry.getValue();
            if (request == null) {
                checks.reject(name, "is required: {\"type\": …, \"value\": …}");
                valid = false;
                continue;
            }
            Type type = checks.parse(name + ".type", request.type(), Type::named);
            if (type == null) {
                valid = false;
                continue;
            }
            String value = checks.parse(name + ".value", request.value(), type::canonical);
            if (value == null) {
                valid = false;
                continue;
            }
            parsed.put(key, new Field(type, value));
        }
        return valid ? new Metadata(parsed) : null;
    }
}
