// The commonest function words of the languages social mentions most often come in, by ISO 639-3
// code as franc names them. A trigram guess on a short post is often wrong ("Firmware update bricked
// my router" looks Dutch to it); such a guess is only believed when the text also uses that
// language's own small words. Non-Latin scripts need no such check: the script itself is the evidence.
const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

export const englishFunctionWords = words(
  "the a an and or but is are was were be been it it's its this that i i'm my me you your we our they their he she his her " +
    "of to in on for with at by from not no don't can't just so very what when how why all have has had do does did will " +
    'would can could should get got if about out up too than then there here who which one more really again ever never ' +
    'after before still even much',
);

export const foreignFunctionWords: Readonly<Record<string, ReadonlySet<string>>> = {
  spa: words('el la los las de del que y en un una es por con para no lo muy pero más mi se su al como esta este'),
  por: words('o a os as de do da dos das que e em um uma é não com para por mais muito mas meu minha se seu sua ao como'),
  fra: words("le la les de des du et un une est pas que qui en dans pour sur avec ce cette je tu il nous vous très mais mon ma c'est"),
  deu: words('der die das und ist nicht ein eine zu mit den dem des von auf für ich du er wir sie es sehr aber auch wie mein'),
  ita: words('il lo la gli le di del della e è un una che non per con su mi ma molto sono come anche questo questa'),
  nld: words('de het een en is niet van op voor met dat die ik je we zijn maar ook heel mijn wat er te'),
  ind: words('yang dan di ini itu dengan untuk tidak ada dari saya kami akan juga sudah bisa sangat'),
  tgl: words('ang ng mga sa na at ay hindi ko mo siya ito kami tayo lang po'),
  pol: words('i w nie na się z do to że jest jak ale co od po tak bardzo jestem mój'),
  tur: words('ve bir bu da de için ile çok ama ne değil ben sen o gibi daha'),
  swe: words('och att det som en är på för med av inte jag du vi har den till mycket men'),
  ron: words('și în de la nu cu pe un o este că din pentru sunt foarte dar mai'),
  vie: words('và của là có không một những được cho trong này với tôi rất'),
  ces: words('a je se na v to že s z do ale jak jsem velmi není'),
  hun: words('a az és nem egy hogy is van de meg nagyon ez már'),
};
