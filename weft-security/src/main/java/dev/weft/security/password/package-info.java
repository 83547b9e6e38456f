/**
 * Password hashing: Argon2id, bcrypt verification for imported hashes, rehash on login, hashing off the server's threads.
 */
package dev.weft.security.password;
