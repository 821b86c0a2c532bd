package io.dataexporter.gateway.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The UI's client-side routes: a reload or a shared link on them gets the UI's index.html. */
@Controller
class SpaRoutes {

  @GetMapping({"/login", "/history", "/manage", "/schedules", "/exports/{id}"})
  String index() {
    return "forward:/index.html";
  }
}
