/**
 * Personal data of the people in ledgers (姓名, 身份证号, 手机号): the checks an imported or typed value
 * must pass ({@link org.xiezuo.ledger.personal.ChineseIds}, {@link org.xiezuo.ledger.personal.Phones},
 * {@link org.xiezuo.ledger.personal.PersonNames}), the masked forms shown by default
 * ({@link org.xiezuo.ledger.personal.Masking}), encryption at rest with a key outside the database and a
 * blind index for exact lookup ({@link org.xiezuo.ledger.personal.PersonalData}), and re-encryption
 * under a new key ({@link org.xiezuo.ledger.personal.KeyRotation}). See docs/personal-data.md.
 */
@NullMarked
package org.xiezuo.ledger.personal;

import org.jspecify.annotations.NullMarked;
