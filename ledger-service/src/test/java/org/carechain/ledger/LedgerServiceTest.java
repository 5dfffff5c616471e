package org.carechain.ledger;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.carechain.service.testing.ServiceContractTest;
import org.carechain.service.testing.ServiceTestResource;

@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "carechain_ledger_test"))
class LedgerServiceTest extends ServiceContractTest {

    @Override
    protected String serviceName() {
        return "ledger-service";
    }
}
