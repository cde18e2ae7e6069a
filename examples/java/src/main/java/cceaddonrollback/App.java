// Rolls back a CCE Autopilot add-on with the cce-autopilot plugin, from a Java program.
//
// Stack config:
//
//   clusterId  the CCE Autopilot cluster ID (required)
//   addonName  the add-on to roll back (default "coredns")
//   trigger    the incident this rollback answers, e.g. INC-4211 (required); a new value rolls back again.
//              Set with --secret, it stays secret in the state.
//   createTimeout         how long `pulumi up` waits for the rollback, e.g. 20m (customTimeouts.create;
//                         timeoutSeconds, 1800 s by default, applies too: the smaller wins)
//   acceptPartiallyReady  true to take "available" (only some instances running) at the target for success
package cceaddonrollback;

import com.google.gson.JsonParser;
import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.CustomTimeouts;
import io.github.pulumicceaddonrollback.cceautopilot.AddonVersionRollback;
import io.github.pulumicceaddonrollback.cceautopilot.AddonVersionRollbackArgs;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class App {
    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    static void stack(Context ctx) {
        var cfg = ctx.config();
        var addonName = cfg.get("addonName").orElse("coredns");
        // Secret only if it was set as a secret, so that a plain trigger change shows in the preview.
        var trigger = isSecret(ctx.projectName() + ":trigger")
                ? cfg.requireSecret("trigger")
                : Output.of(cfg.require("trigger"));

        var options = CustomResourceOptions.builder();
        cfg.get("createTimeout").ifPresent(timeout ->
                options.customTimeouts(CustomTimeouts.builder().create(duration(timeout)).build()));

        var rollback = new AddonVersionRollback("addon-rollback", AddonVersionRollbackArgs.builder()
                .clusterId(cfg.require("clusterId"))
                .addonName(addonName)
                .trigger(trigger)
                .acceptPartiallyReady(cfg.getBoolean("acceptPartiallyReady").orElse(false))
                .build(), options.build());

        ctx.export("addonId", rollback.addonId());
        ctx.export("fromVersion", rollback.fromVersion());
        ctx.export("toVersion", rollback.toVersion());
        ctx.export("status", rollback.status());
        ctx.export("outcome", rollback.outcome());
    }

    // Whether a config key was set with --secret. The Java SDK keeps that to itself (Go has ctx.IsConfigSecret);
    // the language host hands the program the secret keys' names in PULUMI_CONFIG_SECRET_KEYS, a JSON array,
    // which is where the SDK learns them too.
    static boolean isSecret(String key) {
        var keys = System.getenv("PULUMI_CONFIG_SECRET_KEYS");
        if (keys == null || keys.isBlank()) {
            return false;
        }
        for (var element : JsonParser.parseString(keys).getAsJsonArray()) {
            if (element.getAsString().equals(key)) {
                return true;
            }
        }
        return false;
    }

    // A Pulumi duration as the other languages take it ("90s", "20m", "1h30m") as a java.time.Duration.
    static Duration duration(String text) {
        Matcher part = Pattern.compile("(\\d+)(h|m|s)").matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long n = Long.parseLong(part.group(1));
            total = total.plus(part.group(2).equals("h") ? Duration.ofHours(n)
                    : part.group(2).equals("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n));
            end = part.end();
        }
        if (end == 0 || end != text.length()) {
            throw new IllegalArgumentException("createTimeout: expected a duration such as 90s, 20m or 1h30m, got " + text);
        }
        return total;
    }
}
