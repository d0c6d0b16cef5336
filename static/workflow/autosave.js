/*
 * The release form saves its text on its own every few seconds while it is being
 * written (workflow/admin/live.py, workflow/autosave.py) and says when: "Saved at 10:42".
 * A draft's text goes into the draft, at the version the form carries, which the answer
 * moves on; anything else is kept apart for this person and offered back. A new release
 * becomes a draft with its first autosave once it has a title and a body: the form
 * turns into its edit form (Suggest links and Preview work from then on).
 * Without a connection the text is kept in this browser and offered back on reopening.
 */
"use strict";

(function () {
  function setUp() {
    const configNode = document.getElementById("release-form-config");
    const form = document.getElementById("release_form");
    if (!configNode || !form) {
      return;
    }
    const config = JSON.parse(configNode.textContent);
    const status = document.getElementById("autosave-status");
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    const versionInput = form.querySelector("input[name=expected_version]");
    let dirty = false;
    let busy = false;
    // A submission held back until the autosave under way has answered.
    let pending = false;
    let pendingSubmitter = null;
    let resubmitting = false;

    function storageKey() {
      return "majlis-release-text:" + (config.release || "new");
    }

    function field(name) {
      return form.elements.namedItem(name);
    }

    function values() {
      const out = {};
      config.fields.forEach(function (name) {
        const element = field(name);
        if (element && typeof element.value === "string") {
          out[name] = element.value;
        }
      });
      return out;
    }

    function fill(fields) {
      Object.keys(fields).forEach(function (name) {
        const element = field(name);
        if (element && typeof element.value === "string") {
          element.value = fields[name];
        }
      });
      dirty = true;
    }

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }

    function keepLocally() {
      try {
        window.localStorage.setItem(
          storageKey(),
          JSON.stringify({ fields: values(), at: new Date().toISOString() }),
        );
      } catch (error) {
        // Storage full or refused: the server's copy is all there is.
      }
    }

    function forgetLocally() {
      try {
        window.localStorage.removeItem(storageKey());
      } catch (error) {
        // Nothing kept.
      }
    }

    function becomeEditForm(answer) {
      ["release", "change_url", "autosave_url", "presence_url", "presence_end_url",
       "suggest_links_url", "preview_url"].forEach(function (key) {
        config[key] = answer[key];
      });
      form.action = answer.change_url;
      window.history.replaceState(null, "", answer.change_url);
      const suggest = document.getElementById("suggest-links-button");
      if (suggest) {
        suggest.formAction = answer.suggest_links_url;
        suggest.disabled = false;
      }
      const preview = document.getElementById("release-preview-link");
      if (preview) {
        preview.href = answer.preview_url;
        preview.hidden = false;
      }
      document.dispatchEvent(new CustomEvent("release:created", { detail: answer }));
    }

    function finished() {
      busy = false;
      if (pending) {
        pending = false;
        resubmitting = true;
        form.requestSubmit(pendingSubmitter || undefined);
      }
    }

    function save() {
      if (!dirty || busy) {
        return;
      }
      dirty = false;
      busy = true;
      const body = {
        fields: values(),
        expected_version: versionInput && versionInput.value ? parseInt(versionInput.value, 10) : null,
      };
      fetch(config.autosave_url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(body),
      })
        .then(function (response) {
          return response.json().then(function (answer) {
            return { ok: response.ok || response.status === 409, answer: answer };
          });
        })
        .then(function (result) {
          const answer = result.answer;
          if (!result.ok) {
            say(config.texts.failed.replace("%(error)s", answer.error || ""));
            return;
          }
          forgetLocally();
          if (answer.release && !config.release) {
            becomeEditForm(answer);
          }
          if (answer.into_release && versionInput) {
            versionInput.value = answer.version;
          }
          const saved = config.texts.saved.replace("%(time)s", answer.saved_at);
          say(answer.problem ? saved + ". " + answer.problem : saved);
        })
        .catch(function () {
          dirty = true;
          keepLocally();
          say(config.texts.offline);
        })
        .finally(finished);
    }

    function offer(kept, fromBrowser) {
      let box = document.getElementById("autosave-kept");
      if (!box && fromBrowser) {
        box = document.createElement("div");
        box.className = "module autosave-kept";
        box.id = "autosave-kept";
        box.setAttribute("role", "alert");
        const text = document.createElement("p");
        text.textContent = config.texts.kept.replace("%(time)s", kept.saved_at);
        box.appendChild(text);
        ["autosave-restore", "autosave-dismiss"].forEach(function (id) {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "button";
          button.id = id;
          button.textContent = config.texts[id === "autosave-restore" ? "restore" : "dismiss"];
          box.appendChild(button);
        });
        form.insertBefore(box, form.firstElementChild);
      }
      if (!box) {
        return;
      }
      box.querySelector("#autosave-restore").addEventListener("click", function () {
        fill(kept.fields);
        box.remove();
        save();
      });
      box.querySelector("#autosave-dismiss").addEventListener("click", function () {
        box.remove();
      });
    }

    if (config.kept) {
      offer(config.kept, false);
    } else {
      let local = null;
      try {
        local = JSON.parse(window.localStorage.getItem(storageKey()) || "null");
      } catch (error) {
        local = null;
      }
      const current = JSON.stringify(values());
      if (local && local.fields && JSON.stringify(Object.assign(values(), local.fields)) !== current) {
        const at = new Date(local.at);
        const time = ("0" + at.getHours()).slice(-2) + ":" + ("0" + at.getMinutes()).slice(-2);
        offer({ fields: local.fields, saved_at: time }, true);
      } else if (local) {
        forgetLocally();
      }
    }

    form.addEventListener("input", function (event) {
      if (event.target && config.fields.indexOf(event.target.name) !== -1) {
        dirty = true;
      }
    });
    form.addEventListener("change", function (event) {
      if (event.target && config.fields.indexOf(event.target.name) !== -1) {
        dirty = true;
      }
    });
    // A save posted while an autosave is under way waits for its answer, so that it
    // carries the version that autosave made. A button posting the form elsewhere
    // (Suggest links, a preview link) saves nothing: the text written since the last
    // autosave is autosaved first.
    form.addEventListener("submit", function (event) {
      const submitter = event.submitter || null;
      const elsewhere = Boolean(submitter && submitter.hasAttribute("formaction"));
      if (resubmitting) {
        resubmitting = false;
      } else if (busy || (elsewhere && dirty)) {
        event.preventDefault();
        pending = true;
        pendingSubmitter = submitter;
        save();
        return;
      }
      if (!elsewhere) {
        dirty = false;
        forgetLocally();
      }
    });
    window.setInterval(save, config.autosave_seconds * 1000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
