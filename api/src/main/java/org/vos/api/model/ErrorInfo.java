package org.vos.api.model;

/** The body of every REST error: a stable code, a one-line message and optional detail. */
public class ErrorInfo {
    public String error;
    public String code;
    public String detail;

    public ErrorInfo() {
    }

    public ErrorInfo(String code, String error, String detail) {
        this.code = code;
        this.error = error;
        this.detail = detail;
    }
}
