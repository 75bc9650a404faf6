/**
 * Data-subject rights requests: a {@link io.privacykit.rights.RightsService} takes a request,
 * verifies the requester's identity, computes the legal deadline of the requester's regime and
 * right, fulfils access, portability and erasure through PrivacyKit's own records and the app's
 * {@link io.privacykit.rights.PersonalDataProvider}, and keeps an append-only history of every
 * step for the operator. Requests are kept in a {@link io.privacykit.rights.RightsStore}.
 */
package io.privacykit.rights;
