document.getElementById("sco").src = new URLSearchParams(location.search).get("sco");
