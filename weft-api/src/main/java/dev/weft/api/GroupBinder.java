package dev.weft.api;

import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Binds a record from several query parameters or form fields, one per component (FastAPI's query
 * parameter and form models), then validates the record. Thread-safe.
 */
final class GroupBinder implements Binder {
    private final List<ValueBinder> components;
    private final MethodHandle constructor;
    private final Validation validation;
    private final List<Object> loc;

    /** {@code part} is where its errors are reported: {@code query} or {@code body}. */
    GroupBinder(List<ValueBinder> components, MethodHandle constructor, Validation validation, String part) {
        this.loc = List.of(part);
        this.components = components;
        this.constructor = constructor;
        this.validation = validation;
    }

    @Override
    public Object bind(Call call) throws Exception {
        int before = call.errors.size();
        Object[] args = new Object[components.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = components.get(i).bind(call);
        }
        if (call.errors.size() > before) {
            return null;
        }
        Object value;
        try {
            value = constructor.invokeWithArguments(args);
        } catch (IllegalArgumentException e) {
            call.errors.add(new ValidationError(loc, "Value error, " + e.getMessage(), "value_error"));
            return null;
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        validation.validate(value, loc, call.errors);
        return value;
    }

    @Override
    public List<Input> inputs() {
        return components.stream().flatMap(c -> c.inputs().stream()).toList();
    }
}
