/**
 * Rate limiting: token buckets in memory or in PostgreSQL, 429 with Retry-After and RateLimit headers.
 */
package dev.weft.security.ratelimit;
