package io.timebank.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;

/** The member's wallet page is the application's front door: / leads to it (its files are static, at /wallet/). */
@Controller
class WalletController {

    @Hidden
    @Get
    HttpResponse<?> frontDoor() {
        return HttpResponse.seeOther(URI.create("/wallet/"));
    }
}
