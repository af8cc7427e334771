package dev.gatehouse.config;

/**
 * {@code auth.*}: who may download.
 *
 * @param anonymous {@code auth.anonymous}: whether registry requests without a token are served; when false,
 *     a download needs a token of any role, and a request without one is answered 401 with a Basic challenge
 */
public record AuthConfig(boolean anonymous) {}
