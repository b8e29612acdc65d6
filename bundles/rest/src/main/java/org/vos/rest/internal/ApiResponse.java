package org.vos.rest.internal;

/** What the API answers: a JSON value (serialized by the caller) or raw bytes. */
record ApiResponse(int status, Object json, byte[] raw) {
    static ApiResponse ok(Object json) {
        return new ApiResponse(200, json, null);
    }

    static ApiResponse noContent() {
        return new ApiResponse(204, null, null);
    }

    static ApiResponse bytes(byte[] raw) {
        return new ApiResponse(200, null, raw);
    }
}
