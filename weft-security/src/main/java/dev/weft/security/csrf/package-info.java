/**
 * Cross-site request forgery protection: tokens for form posts and unsafe methods, Origin and Referer checks.
 */
package dev.weft.security.csrf;
