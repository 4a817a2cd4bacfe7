// The admin's add-member field suggests the non-members whose name holds what is typed, a
// few at a time from the server (GET .../people/suggestions?q=): a select of every user was
// a long scroll with hundreds of them. The server checks whatever name is sent.

const input = document.querySelector("input[data-suggestions]");
const list = input && document.getElementById(input.getAttribute("list"));
if (input && list) {
  let asked = 0; // answers arriving out of order must not replace a later one's
  let timer;
  const suggest = async () => {
    const typed = input.value.trim();
    const mine = ++asked;
    if (!typed) { list.replaceChildren(); return; }
    const url = `${input.dataset.suggestions}?q=${encodeURIComponent(typed)}`;
    const answer = await fetch(url, { headers: { Accept: "application/json" } });
    if (!answer.ok || mine !== asked) return;
    const { usernames } = await answer.json();
    if (mine !== asked) return;
    list.replaceChildren(...usernames.map((name) => new Option(name, name)));
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150); // one request for a word typed, not one a key
  });
}
