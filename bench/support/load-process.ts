/**
 * Runs one autocannon load in a process of its own (see loadFromOwnProcess): the options come as
 * JSON in argv[2], the LoadResult goes to stdout as JSON.
 */
import { load } from './load.ts';

const result = await load(JSON.parse(process.argv[2]!));
console.log(JSON.stringify(result));
