package org.carechain.search;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.carechain.service.testing.ServiceContractTest;
import org.carechain.service.testing.ServiceTestResource;

@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "carechain_search_test"))
class SearchServiceTest extends ServiceContractTest {

    @Override
    protected String serviceName() {
        return "search-service";
    }
}
