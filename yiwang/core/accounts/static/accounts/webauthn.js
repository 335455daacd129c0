/* 安全密钥 (WebAuthn): registration and sign-in with the browser's navigator.credentials API.
 *
 * Served as a static file (the Content-Security-Policy allows no inline script). A form marked
 * data-webauthn="register" or data-webauthn="authenticate" carries data-begin and data-finish
 * URLs; on submit the script fetches the options, asks the browser for the key, posts the answer
 * back with the form's CSRF token, and follows the redirect it gets. Errors are shown in the
 * form's [data-webauthn-status] element (role=alert) in Chinese.
 */
(function () {
  "use strict";

  function toBytes(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function creationOptions(json) {
    json.challenge = toBytes(json.challenge);
    json.user.id = toBytes(json.user.id);
    (json.excludeCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
    return json;
  }

  function requestOptions(json) {
    json.challenge = toBytes(json.challenge);
    (json.allowCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
    return json;
  }

  function registrationJSON(credential) {
    var response = credential.response;
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: {
        clientDataJSON: toBase64url(response.clientDataJSON),
        attestationObject: toBase64url(response.attestationObject),
        transports: response.getTransports ? response.getTransports() : []
      },
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined
    };
  }

  function assertionJSON(credential) {
    var response = credential.response;
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: {
        clientDataJSON: toBase64url(response.clientDataJSON),
        authenticatorData: toBase64url(response.authenticatorData),
        signature: toBase64url(response.signature),
        userHandle: response.userHandle ? toBase64url(response.userHandle) : null
      },
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined
    };
  }

  function post(form, url, body) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var next = form.querySelector("input[name=next]");
    var target = next && next.value ? url + "?next=" + encodeURIComponent(next.value) : url;
    return fetch(target, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Content-Type": "application/json", "Accept": "application/json" },
      body: body ? JSON.stringify(body) : "{}"
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          if (data.reauth) { window.location.assign(data.reauth); }
          if (data.redirect) { window.location.assign(data.redirect); }
          throw new Error(data.detail || "请求失败，请重试。");
        }
        return data;
      });
    });
  }

  function say(form, text) {
    var status = form.querySelector("[data-webauthn-status]");
    if (status) { status.textContent = text; }
  }

  function run(form) {
    var mode = form.getAttribute("data-webauthn");
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    say(form, mode === "register" ? "请按提示触摸或插入您的安全密钥……" : "请触摸您的安全密钥……");
    post(form, form.getAttribute("data-begin"))
      .then(function (options) {
        if (mode === "register") {
          return navigator.credentials.create({ publicKey: creationOptions(options) }).then(function (credential) {
            var name = form.querySelector("input[name=name]");
            return { credential: registrationJSON(credential), name: name ? name.value : "" };
          });
        }
        return navigator.credentials.get({ publicKey: requestOptions(options) }).then(function (credential) {
          return { credential: assertionJSON(credential) };
        });
      })
      .then(function (body) { return post(form, form.getAttribute("data-finish"), body); })
      .then(function (data) { window.location.assign(data.redirect || "/"); })
      .catch(function (error) {
        var text = error && error.name === "NotAllowedError"
          ? "操作已取消或超时，请重试。"
          : (error && error.message) || "安全密钥操作失败，请重试。";
        say(form, text);
        if (button) { button.disabled = false; }
      });
  }

  function init() {
    var forms = document.querySelectorAll("form[data-webauthn]");
    var supported = !!(window.PublicKeyCredential && navigator.credentials);
    forms.forEach(function (form) {
      if (!supported) {
        say(form, "此浏览器不支持安全密钥，请使用动态口令或恢复码。");
        var button = form.querySelector("button[type=submit]");
        if (button) { button.disabled = true; }
        return;
      }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        run(form);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
