/**
 * JWT bearer authentication: verification through nimbus-jose-jwt, keys from JWKS, the principal for handlers and weft-api.
 */
package dev.weft.security.jwt;
