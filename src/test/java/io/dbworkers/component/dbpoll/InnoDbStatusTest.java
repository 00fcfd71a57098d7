package io.dbworkers.component.dbpoll;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InnoDbStatusTest {

    @Test
    void oldestActiveTransactionAge() {
        String status = """
                ------------
                TRANSACTIONS
                ------------
                Trx id counter 2458
                LIST OF TRANSACTIONS FOR EACH SESSION:
                ---TRANSACTION 2457, ACTIVE 1 sec
                1 lock struct(s), heap size 1128, 0 row lock(s), undo log entries 1
                ---TRANSACTION 2450, ACTIVE (PREPARED) 17 sec
                ---TRANSACTION (0x7f87b8edeb80), not started
                0 lock struct(s), heap size 1128, 0 row lock(s)
                """;
        assertThat(Watermark.InnoDbTransactions.oldestActiveSeconds(status)).contains(17L);
        assertThat(Watermark.InnoDbTransactions.oldestActiveSeconds("---TRANSACTION (0x1), not started")).isEmpty();
    }
}
