package org.vos.api.domain;

/**
 * The one error type of vos calls. {@link #code()} is stable and machine readable (for example
 * {@code unknown-host}); the message is one human sentence; {@link #status()} is the HTTP status
 * the REST layer answers with.
 */
public class VosException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final int status;
    private final String detail;

    public VosException(int status, String code, String message) {
        this(status, code, message, null, null);
    }

    public VosException(int status, String code, String message, String detail, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    public static VosException notFound(String code, String message) {
        return new VosException(404, code, message);
    }

    public static VosException badRequest(String code, String message) {
        return new VosException(400, code, message);
    }

    public static VosException notAvailable(String what) {
        return new VosException(501, "not-available", what + " is not available yet");
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }
}
