package io.timebank.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

@Controller("/v1/activities")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "401", ref = "#/components/responses/Unauthorized")
@ApiResponse(responseCode = "403", ref = "#/components/responses/Forbidden")
@ApiResponse(responseCode = "422", ref = "#/components/responses/Invalid")
@ApiResponse(responseCode = "503", ref = "#/components/responses/Unavailable")
class ActivityController {

    private final Bank bank;

    ActivityController(Bank bank) {
        this.bank = bank;
    }

    @Operation(summary = "Submit one activity (an object) or a batch (an array)",
        description = "Valid activities are queued for scoring and crediting (202); invalid ones are named with "
            + "their fields. A single invalid activity answers 422; a batch answers 202 with per-item errors.",
        requestBody = @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "a batch", value = ApiExamples.ACTIVITIES))))
    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    HttpResponse<Views.ActivityReceipt> submit(@Body String body, Authentication caller) {
        return HttpResponse.accepted().body(bank.submitActivities(body, platform -> Access.platform(caller, platform)));
    }
}
