import { randomInt, type Random } from '../host/prng';
import { address, hashInts, mobileNumber, randomPerson } from '../ixc/ixc-people';
import { blankUser, type MagnusUser } from './magnus-user-columns';

/**
 * One seeded `pkg_user` row of an ISP selling VoIP next to its internet plans: Brazilian names and
 * documents (digits only, as typed into Magnus), Sergipe/Northeast cities, usernames that are SIP
 * logins (`voip1234`, a name, or a phone number), clear-text passwords as Magnus stores them.
 */

const CITIES = [
  { city: 'Aracaju', state: 'SE', ddd: '79', zip: '49' },
  { city: 'Nossa Senhora do Socorro', state: 'SE', ddd: '79', zip: '49' },
  { city: 'Salvador', state: 'BA', ddd: '71', zip: '40' },
  { city: 'Recife', state: 'PE', ddd: '81', zip: '50' },
  { city: 'Maceió', state: 'AL', ddd: '82', zip: '57' },
];

const DESCRIPTIONS = ['', '', '', 'Combo fibra + VoIP', 'Ramal adicional', 'Migrado do sistema antigo'];
const PASSWORD_CHARS = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** ids spread over the years the ISP has sold VoIP, oldest first */
const FIRST_DAY = Date.UTC(2018, 2, 1);
const DAY_MS = 86_400_000;

export function seededUser(random: Random, seed: number, id: number, total: number): MagnusUser {
  const person = randomPerson(random, id);
  const place = CITIES[Math.min(CITIES.length - 1, Math.floor(random() ** 2 * CITIES.length))];
  const mobile = mobileNumber(random, place.ddd);
  const company = person.tipoPessoa === 'J';
  const [firstname, ...rest] = person.razao.split(' ');
  const created = FIRST_DAY + Math.floor(((id - 1) / Math.max(1, total)) * 7 * 365 * DAY_MS);
  const street = address(hashInts(seed, id, 7));
  const plan = company ? 3 : random() < 0.7 ? 1 : 2;

  const user = blankUser(id, dateTime(created + randomInt(random, 8 * 3600, 19 * 3600) * 1000));
  Object.assign(user, {
    id_group: 3,
    id_plan: plan,
    username: username(random, id, person.firstName || person.fantasia, place.ddd, mobile.digits),
    password: password(random),
    credit: (random() < 0.15 ? -random() * 80 : random() * 150).toFixed(4),
    firstusedate: dateTime(created + randomInt(random, 1, 20) * DAY_MS),
    lastname: company ? '' : rest.join(' '),
    firstname: company ? person.fantasia : firstname,
    company_name: company ? person.razao : '',
    commercial_name: company ? person.fantasia : '',
    address: `${street.endereco}, ${street.numero}`,
    neighborhood: street.bairro,
    city: place.city,
    state: place.state,
    zipcode: `${place.zip}${street.cep}${String(randomInt(random, 0, 999)).padStart(3, '0')}`,
    phone: random() < 0.2 ? `55${place.ddd}3${randomInt(random, 1000000, 9999999)}` : '',
    mobile: `55${mobile.ddd}9${mobile.digits}`,
    email: person.email,
    doc: person.document.replace(/\D/g, ''),
    contract_value: [29.9, 39.9, 49.9, 0][randomInt(random, 0, 3)],
    description: DESCRIPTIONS[randomInt(random, 0, DESCRIPTIONS.length - 1)],
    typepaid: random() < 0.8 ? 1 : 0,
    creditlimit: company ? 500 : 100,
    lastuse: dateTime(Date.UTC(2025, 0, 1) + randomInt(random, 0, 180) * DAY_MS),
  });
  return user;
}

/** Unique because every form carries the id; always 4–20 characters. */
function username(random: Random, id: number, name: string, ddd: string, digits: string): string {
  const kind = random();
  if (kind < 0.5) return `voip${String(id).padStart(4, '0')}`;
  if (kind < 0.8) {
    const slug = slugOf(name);
    const suffix = String(id);
    return `${(slug || 'cliente').slice(0, 20 - suffix.length)}${suffix}`;
  }
  // A phone-number login: DDD + the number, made unique by the id's last digits.
  return `${ddd}${digits.slice(0, 4)}${String(id).padStart(6, '0')}`.slice(0, 20);
}

/** Names come from short lists: normalising each once keeps 20,000 users cheap. */
const slugs = new Map<string, string>();

function slugOf(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    slug = name
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
    slugs.set(name, slug);
  }
  return slug;
}

function password(random: Random): string {
  const length = randomInt(random, 8, 12);
  let out = '';
  for (let i = 0; i < length; i++) out += PASSWORD_CHARS[randomInt(random, 0, PASSWORD_CHARS.length - 1)];
  return out;
}

function dateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
