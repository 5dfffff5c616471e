package org.carechain.registration;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.carechain.service.testing.ServiceContractTest;
import org.carechain.service.testing.ServiceTestResource;

@QuarkusTest
@QuarkusTestResource(value = ServiceTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "carechain_registration_test"))
class RegistrationServiceTest extends ServiceContractTest {

    @Override
    protected String serviceName() {
        return "registration-service";
    }
}
