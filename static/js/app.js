// htmx swaps nothing when the server answers 4xx/5xx; tell the user instead of failing silently.
document.addEventListener("htmx:responseError", function (event) {
  var content = document.getElementById("content");
  if (!content) { return; }
  var template = document.body.getAttribute("data-htmx-error") || "Request failed (%s).";
  var alert = document.createElement("div");
  alert.className = "alert alert-error";
  alert.setAttribute("role", "alert");
  alert.textContent = template.replace("%s", String(event.detail.xhr.status));
  content.insertBefore(alert, content.firstChild);
  window.scrollTo({ top: 0, behavior: "smooth" });
});
document.addEventListener("htmx:sendError", function () {
  var content = document.getElementById("content");
  var message = document.body.getAttribute("data-htmx-offline");
  if (!content || !message) { return; }
  var alert = document.createElement("div");
  alert.className = "alert alert-error";
  alert.setAttribute("role", "alert");
  alert.textContent = message;
  content.insertBefore(alert, content.firstChild);
});
