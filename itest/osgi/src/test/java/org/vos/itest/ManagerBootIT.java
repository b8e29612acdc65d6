package org.vos.itest;

import java.util.List;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The manager feature boots healthy. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ManagerBootIT extends AbstractBootIT {
    @Configuration
    public Option[] config() {
        return VosOptions.runtime("manager");
    }

    @Override
    protected String role() {
        return "manager";
    }

    @Override
    protected List<String> expectedBundles() {
        return List.of("org.vos.api", "org.vos.runtime", "org.vos.rest", "org.vos.client",
                "org.vos.manager");
    }
}
