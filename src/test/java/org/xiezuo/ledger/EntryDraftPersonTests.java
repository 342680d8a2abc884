package org.xiezuo.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.xiezuo.ledger.personal.PersonalData;
import org.xiezuo.ledger.personal.PersonalDataKeys;

/**
 * A checked person is sealed when it is written, once: the keyed hash is there at once, the masks when
 * asked for (also after the seal), the ciphertexts open to the ID and phone, asking again (from any
 * thread) gives the same ciphertext, and the object never prints the plaintext.
 */
class EntryDraftPersonTests {

    private static final PersonalData DATA = new PersonalData(PersonalDataKeys.generateInMemory());
    private static final String ID = "110101199003074514";
    private static final String PHONE = "13812345678";

    @Test
    void theHashAndMasksAreThereAtOnceAndTheCiphertextsOpenToTheValues() {
        EntryDraft.Person person = new EntryDraft.Person(DATA, ID, PHONE, "张三");
        assertThat(person.idHash()).isEqualTo(DATA.blindIndex(ID));
        assertThat(person.idMask()).isEqualTo("110***********4514");
        assertThat(person.phoneMask()).isEqualTo("138****5678");
        assertThat(DATA.open(person.idKey(), person.idCipher())).isEqualTo(ID);
        assertThat(DATA.open(person.phoneKey(), person.phoneCipher())).isEqualTo(PHONE);
        assertThat(person.idKey()).isEqualTo(DATA.activeKeyId());
    }

    @Test
    void itIsSealedOnceWhicheverThreadAsksFirst() throws Exception {
        EntryDraft.Person person = new EntryDraft.Person(DATA, ID, PHONE, "张三");
        List<CompletableFuture<byte[]>> asked = new ArrayList<>();
        for (int i = 0; i < 8; i++) asked.add(CompletableFuture.supplyAsync(person::idCipher));
        byte[] first = asked.get(0).get();
        for (CompletableFuture<byte[]> each : asked) assertThat(each.get()).isSameAs(first);
        assertThat(person.idCipher()).isSameAs(first);
        assertThat(person.phoneCipher()).isSameAs(person.phoneCipher());
    }

    /** Counts the values it seals. */
    private static final class Counting extends PersonalData {
        final java.util.concurrent.atomic.AtomicInteger sealed = new java.util.concurrent.atomic.AtomicInteger();

        Counting() {
            super(PersonalDataKeys.generateInMemory());
        }

        @Override
        public Sealed seal(String plaintext) {
            sealed.incrementAndGet();
            return super.seal(plaintext);
        }
    }

    @Test
    void nothingIsSealedUntilTheCiphertextIsAskedForThenTheIdAndPhoneOnce() {
        Counting data = new Counting();
        EntryDraft.Person person = new EntryDraft.Person(data, ID, PHONE, "张三");
        person.idHash();
        person.idMask();
        person.phoneMask();
        person.name();
        assertThat(data.sealed).as("a row of a known person is never sealed").hasValue(0);
        person.phoneCipher();
        person.idCipher();
        person.idKey();
        person.phoneKey();
        assertThat(data.sealed).as("the ID and the phone, once each").hasValue(2);
        assertThat(data.open(person.idKey(), person.idCipher())).isEqualTo(ID);
    }

    @Test
    void theMasksAreTheSameWhenFirstAskedForAfterTheSeal() {
        // the masks are made when first asked for, or by the seal before it forgets the plaintext
        EntryDraft.Person sealedFirst = new EntryDraft.Person(DATA, ID, PHONE, "张三");
        sealedFirst.idCipher();
        assertThat(sealedFirst.idMask()).isEqualTo("110***********4514");
        assertThat(sealedFirst.phoneMask()).isEqualTo("138****5678");
        assertThat(sealedFirst.toString()).isEqualTo("Person[110***********4514, 张三, 138****5678]");
    }

    @Test
    void withoutAPhoneThereIsNoPhoneCiphertext() {
        EntryDraft.Person person = new EntryDraft.Person(DATA, ID, null, "张三");
        assertThat(person.phoneKey()).isNull();
        assertThat(person.phoneCipher()).isNull();
        assertThat(person.phoneMask()).isNull();
        assertThat(DATA.open(person.idKey(), person.idCipher())).isEqualTo(ID);
    }

    @Test
    void itNeverPrintsThePlaintext() {
        EntryDraft.Person person = new EntryDraft.Person(DATA, ID, PHONE, "张三");
        assertThat(person.toString()).doesNotContain(ID).doesNotContain(PHONE).contains("110***********4514");
        person.idCipher();
        assertThat(person.toString()).doesNotContain(ID).doesNotContain(PHONE);
    }
}
