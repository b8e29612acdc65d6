package org.vos.itest;

import java.util.List;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The executive feature boots healthy. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExecutiveBootIT extends AbstractBootIT {
    @Configuration
    public Option[] config() {
        return VosOptions.runtime("executive");
    }

    @Override
    protected String role() {
        return "executive";
    }

    @Override
    protected List<String> expectedBundles() {
        return List.of("org.vos.api", "org.vos.runtime", "org.vos.rest", "org.vos.client", "org.vos.linux", "org.vos.engine",
                "org.vos.executive");
    }
}
