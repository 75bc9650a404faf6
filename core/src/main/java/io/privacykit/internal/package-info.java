/**
 * PrivacyKit's own plumbing shared between its modules. Not API: anything here may change in any
 * release without notice; applications must not use it.
 */
package io.privacykit.internal;
