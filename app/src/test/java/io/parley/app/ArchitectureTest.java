package io.parley.app;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** ARCHITECTURE.md's layout rules, kept true by the build. */
class ArchitectureTest {

    private static final JavaClasses PARLEY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.parley");

    @Test
    void theThreeSidesTalkOnlyThroughMessages() {
        noClasses().that().resideInAPackage("io.parley.command..")
                .should().dependOnClassesThat().resideInAnyPackage("io.parley.query..", "io.parley.projections..")
                .check(PARLEY);
        noClasses().that().resideInAPackage("io.parley.query..")
                .should().dependOnClassesThat().resideInAnyPackage("io.parley.command..", "io.parley.projections..")
                .check(PARLEY);
        noClasses().that().resideInAPackage("io.parley.projections..")
                .should().dependOnClassesThat().resideInAnyPackage("io.parley.command..", "io.parley.query..")
                .check(PARLEY);
    }

    @Test
    void sharedApiIsPlainJava() {
        classes().that().resideInAPackage("io.parley.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.parley.api..", "java..")
                .check(PARLEY);
    }

    @Test
    void aggregatesAndMessageHandlersArePackagePrivate() {
        classes().that().areAnnotatedWith(Aggregate.class).should().notBePublic().check(PARLEY);
        classes().should(notBePublicWhenHandlingMessages()).check(PARLEY);
    }

    private static ArchCondition<JavaClass> notBePublicWhenHandlingMessages() {
        return new ArchCondition<>("not be public when they handle commands, events or queries") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                boolean handles = item.getMethods().stream().anyMatch(m -> m.isAnnotatedWith(CommandHandler.class)
                        || m.isAnnotatedWith(EventHandler.class) || m.isAnnotatedWith(QueryHandler.class));
                if (handles && item.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)) {
                    events.add(SimpleConditionEvent.violated(item, item.getName() + " handles messages but is public"));
                }
            }
        };
    }
}
