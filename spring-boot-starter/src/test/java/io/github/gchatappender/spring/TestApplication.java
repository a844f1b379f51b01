package io.github.gchatappender.spring;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** An application with nothing of its own: only what auto-configuration and the starter bring. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class TestApplication {}
